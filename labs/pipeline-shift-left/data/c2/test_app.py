from app import shipping, total


def test_total():
    assert total([120000, 80000]) == 200000


def test_free_shipping_from_500000():
    assert shipping(500000) == 0


def test_small_orders_pay_shipping():
    assert shipping(200000) == 30000
