"""What each recorded action is called in Vietnamese, for the audit pages.

The action names (`people.import`, `plans.report.accept`) are what the services write and what
tests and queries look for; people read the label. Every action a service records has one:
`canbo/audit/tests/test_actions.py` reads the source for every `action="…"` and fails on a
missing label, so a new action comes with its Vietnamese name.
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # accounts
    "accounts.user.create": _("Tạo tài khoản"),
    "accounts.user.update": _("Sửa tài khoản"),
    "accounts.user.password_change": _("Tự đổi mật khẩu"),
    "accounts.user.password_reset": _("Đặt lại mật khẩu cho người dùng"),
    "accounts.role.grant": _("Giao vai trò"),
    "accounts.role.revoke": _("Thu hồi vai trò"),
    "accounts.mfa.enrol": _("Bật xác thực hai lớp"),
    "accounts.mfa.lock": _("Khóa xác thực hai lớp (nhập sai mã nhiều lần)"),
    "accounts.mfa.reset": _("Gỡ thiết bị xác thực hai lớp"),
    # org
    "org.unit.import": _("Nhập đơn vị từ Excel"),
    "org.restructuring.create": _("Ghi sự kiện sắp xếp tổ chức"),
    # people
    "people.import": _("Nhập danh sách cán bộ"),
    "people.import.file_deleted": _("Xóa tệp đã nhập (hết thời hạn lưu)"),
    "people.person.create": _("Thêm hồ sơ cán bộ"),
    "people.person.update": _("Sửa hồ sơ cán bộ"),
    "people.restructuring.follow": _("Chuyển cán bộ theo sắp xếp tổ chức"),
    "people.assignment.first": _("Ghi nơi công tác đầu tiên"),
    "people.assignment.appoint": _("Bổ nhiệm"),
    "people.assignment.reappoint": _("Bổ nhiệm lại, kéo dài thời gian giữ chức vụ"),
    "people.assignment.transfer": _("Điều động, luân chuyển"),
    "people.assignment.end": _("Thôi giữ chức vụ, miễn nhiệm"),
    "people.person.retire": _("Nghỉ hưu"),
    "people.evaluation.create": _("Thêm đánh giá, xếp loại"),
    "people.evaluation.update": _("Sửa đánh giá, xếp loại"),
    "people.evaluation.delete": _("Xóa đánh giá, xếp loại"),
    "people.discipline.create": _("Thêm kỷ luật"),
    "people.discipline.update": _("Sửa kỷ luật"),
    "people.discipline.delete": _("Xóa kỷ luật"),
    "people.training.create": _("Thêm đào tạo, bồi dưỡng"),
    "people.training.update": _("Sửa đào tạo, bồi dưỡng"),
    "people.training.delete": _("Xóa đào tạo, bồi dưỡng"),
    "people.planning.create": _("Thêm quy hoạch"),
    "people.planning.update": _("Sửa quy hoạch"),
    "people.planning.delete": _("Xóa quy hoạch"),
    "people.conclusion.create": _("Thêm kết luận tiêu chuẩn chính trị"),
    "people.conclusion.update": _("Sửa kết luận tiêu chuẩn chính trị"),
    "people.conclusion.delete": _("Xóa kết luận tiêu chuẩn chính trị"),
    "people.demo.generate": _("Tạo dữ liệu cán bộ trình diễn"),
    "people.demo.delete": _("Xóa dữ liệu cán bộ trình diễn"),
    # plans
    "plans.plan.create": _("Tạo kế hoạch"),
    "plans.plan.update": _("Sửa kế hoạch"),
    "plans.task.create": _("Thêm nhiệm vụ"),
    "plans.task.update": _("Sửa nhiệm vụ"),
    "plans.occurrence.withdraw": _("Rút lượt thực hiện nhiệm vụ"),
    "plans.report.submit": _("Gửi báo cáo"),
    "plans.report.supersede": _("Thay báo cáo bằng báo cáo gửi lại"),
    "plans.report.accept": _("Chấp nhận báo cáo"),
    "plans.report.return": _("Trả lại báo cáo để bổ sung"),
    "plans.extension.request": _("Xin gia hạn"),
    "plans.extension.grant": _("Đồng ý gia hạn"),
    "plans.extension.refuse": _("Không đồng ý gia hạn"),
    "plans.obstacle.raise": _("Báo khó khăn, vướng mắc"),
    "plans.obstacle.answer": _("Trả lời khó khăn, vướng mắc"),
    "plans.reminder.request": _("Nhắc việc một cơ quan (Sở Nội vụ)"),
    "plans.reminder.send": _("Gửi nhắc việc"),
    "plans.notification.create": _("Tạo thông báo"),
    "plans.notification.read": _("Đọc thông báo"),
    # indicators
    "indicators.target.create": _("Thêm chỉ tiêu"),
    "indicators.target.update": _("Sửa chỉ tiêu"),
    "indicators.target.delete": _("Xóa chỉ tiêu"),
    "indicators.snapshot.create": _("Lưu số liệu cuối năm"),
    "indicators.snapshot.update": _("Cập nhật số liệu cuối năm"),
    # decisions: rule settings
    "decisions.rule.create": _("Thêm phiên bản quy tắc theo văn bản"),
    "decisions.rule.update": _("Sửa phiên bản quy tắc theo văn bản"),
    "decisions.rule.change": _("Sở Nội vụ thêm phiên bản quy tắc"),
    "decisions.information.create": _("Ghi thông tin phản ánh về cán bộ"),
    "decisions.information.conclude": _("Kết luận thông tin phản ánh về cán bộ"),
    # planning: the planning pool
    "planning.proposal.create": _("Đề xuất đưa vào quy hoạch"),
    "planning.proposal.appointment": _("Ghi đề xuất bổ nhiệm, giới thiệu ứng cử"),
    "planning.proposal.approve": _("Ghi phê duyệt đề xuất (quy hoạch, bổ nhiệm)"),
    "planning.proposal.reject": _("Ghi không phê duyệt đề xuất"),
    "planning.proposal.withdraw": _("Rút đề xuất"),
    "planning.decision.create": _("Ghi quyết định phê duyệt quy hoạch"),
    "planning.entry.create": _("Đưa vào quy hoạch theo quyết định"),
    "planning.review.record": _("Ghi rà soát quy hoạch hằng năm"),
    "planning.exit.propose": _("Đề xuất đưa ra khỏi quy hoạch"),
    "planning.exit.confirm": _("Đưa ra khỏi quy hoạch"),
    "planning.exit.dismiss": _("Giữ lại trong quy hoạch (không đưa ra)"),
    # evaluation: evaluation and ranking (Decree 335/2025)
    "evaluation.product_type.create": _("Thêm loại sản phẩm vào danh mục"),
    "evaluation.group.create": _("Thêm nhóm nhiệm vụ tương đồng"),
    "evaluation.sheet.create": _("Lập phiếu đánh giá, xếp loại"),
    "evaluation.sheet.move": _("Nhận phiếu đánh giá của người chuyển công tác đến"),
    "evaluation.sheet.score": _("Chấm điểm phiếu đánh giá"),
    "evaluation.sheet.rank": _("Xếp loại theo quyết định"),
    "evaluation.item.create": _("Giao sản phẩm, công việc"),
    "evaluation.item.update": _("Sửa sản phẩm, công việc"),
    "evaluation.item.delete": _("Xóa sản phẩm, công việc"),
    "evaluation.item.confirm": _("Xác nhận sản phẩm, công việc"),
    "evaluation.items.import": _("Nhập sản phẩm, công việc từ Excel"),
    "evaluation.excellent.decide": _("Quyết định về tỷ lệ xuất sắc"),
    "evaluation.quota_exception.record": _("Ghi ngoại lệ tỷ lệ xuất sắc"),
    "evaluation.ranking.finalise": _("Ghi quyết định xếp loại của cơ quan"),
    "evaluation.ranking.remind": _("Nhắc hạn xếp loại chất lượng"),
    "evaluation.appeal.create": _("Ghi kiến nghị về kết quả xếp loại"),
    "evaluation.appeal.answer": _("Trả lời kiến nghị về kết quả xếp loại"),
    "evaluation.agency.score": _("Chấm điểm tiêu chí chung của cơ quan"),
    "evaluation.agency.finalise": _("Xếp loại cơ quan"),
}


def action_label(action: str) -> str:
    """The Vietnamese name of an action; an action without one (written by an older version) is
    shown by its code rather than hidden."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
