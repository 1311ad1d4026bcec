"""The targets page: numbers, the chart drawn under the CSP, drill-down to the people."""

from playwright.sync_api import expect


def test_targets_page_with_chart_and_drill_down(page, login, browser_log):
    login("noivu")
    page.goto("/chi-tieu/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chỉ tiêu đội ngũ lãnh đạo")
    expect(page.locator("#departments tbody tr")).to_have_count(13)  # Khánh Hòa's departments
    assert page.evaluate("Chart.getChart(document.getElementById('under40-chart')) !== undefined")
    first = page.locator("#departments tbody tr").first
    with page.expect_navigation():
        first.locator("td").nth(6).get_by_role("link").click()  # female leaders
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lãnh đạo nữ")
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []
    assert browser_log.page_errors == []


def test_a_leader_sees_numbers_without_links_to_people(page, login, browser_log):
    login("lanhdao")
    page.goto("/chi-tieu/")
    expect(page.locator("#departments tbody tr")).to_have_count(13)
    expect(page.locator("#departments a")).to_have_count(0)
    assert browser_log.csp_violations() == []
