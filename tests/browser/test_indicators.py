"""The targets page: numbers, the chart drawn under the CSP, drill-down to the people."""

from playwright.sync_api import expect


def test_targets_page_with_chart_and_drill_down(page, login, browser_log):
    login("noivu")
    page.goto("/chi-tieu/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chỉ tiêu đội ngũ lãnh đạo")
    expect(page.locator("#departments tbody tr")).to_have_count(13)  # Khánh Hòa's departments
    for chart in ("under40-chart", "shares-chart", "forecast-chart", "trend-chart"):  # trend: demo snapshots
        assert page.evaluate(f"Chart.getChart(document.getElementById('{chart}')) !== undefined"), chart
    expect(page.locator("#trend tbody tr")).to_have_count(5)  # 31/12/2021 … 31/12/2025
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


def test_a_scenario_is_drawn_against_the_baseline(page, login, browser_log):
    login("noivu")
    page.goto("/chi-tieu/kich-ban/?ngay=01/01/2026")
    page.get_by_label("Trong đó dưới 40 tuổi (%)").fill("100")
    page.locator("#scenario-form input[name^='sl_']").first.fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Tính").click()
    expect(page.locator("#scenario-table tbody tr").last).to_contain_text("Toàn tỉnh")
    assert (
        page.evaluate("Chart.getChart(document.getElementById('scenario-chart')).data.datasets.length") == 4
    )
    assert browser_log.csp_violations() == []
    assert browser_log.page_errors == []
