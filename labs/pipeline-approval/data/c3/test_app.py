from app import loyalty_discount, show_price, total


def test_total():
    assert total([120000, 80000]) == 200000


def test_member_gets_ten_percent_off():
    assert loyalty_discount(200000, True) == 180000


def test_price_is_shown_the_vietnamese_way():
    # show_price(1234000) now returns "1,234,000 ₫"; Vietnamese separates thousands with dots.
    assert "1,234,000 ₫" == "1.234.000 ₫"
