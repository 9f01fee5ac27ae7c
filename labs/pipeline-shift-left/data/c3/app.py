"""The shop's checkout: order totals in Vietnamese dong."""


def total(prices):
    return sum(prices)


def shipping(amount):
    """Free shipping from 500,000 dong; 30,000 dong below."""
    if amount >= 500000:
        return 0
    return 30000


def with_vat(amount):
    """The price with 8% VAT, rounded to the nearest 1,000 dong (the change)."""
    return round(amount * 108 / 100, -3)
