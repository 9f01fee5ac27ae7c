from app import loyalty_discount, total


def test_total():
    assert total([120000, 80000]) == 200000


def test_member_gets_ten_percent_off():
    assert loyalty_discount(200000, True) == 180000


def test_guest_pays_full_price():
    assert loyalty_discount(200000, False) == 200000
