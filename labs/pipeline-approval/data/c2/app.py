"""The shop's checkout: order totals in Vietnamese dong."""


def total(prices):
    return sum(prices)


def loyalty_discount(amount, member):
    """Members get 10% off."""
    if member:
        return amount * 90 // 100
    return amount
