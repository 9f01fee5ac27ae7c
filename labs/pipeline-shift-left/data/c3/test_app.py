from app import shipping, total, with_vat


def test_total():
    assert total([120000, 80000]) == 200000


def test_free_shipping_from_500000():
    assert shipping(500000) == 0


def test_small_orders_pay_shipping():
    assert shipping(200000) == 30000


def test_vat_is_rounded_to_the_thousand():
    # with_vat(123456) now returns 133332.0; it should round to 133000.
    assert 133332.0 == 133000
