"""The shop's checkout: order totals in Vietnamese dong."""


def total(prices):
    return sum(prices)


def shipping(amount):
    """Free shipping from 500,000 dong; 30,000 dong below."""
    if amount >= 500000:
        return 0
    return 30000
