"""A city's 分工方案 as offices send it, written in our own words: the same plan as a .docx (a
notice, then the task table) and as an .xlsx (a title row, then the table), for the office's month
in test_office_month.py."""

from __future__ import annotations

import io

import docx
import openpyxl

ISSUER = "宁波市人民政府办公厅"
TITLE = "宁波市2026年营商环境优化提升重点任务分工方案"
NOTICE = f"关于印发{TITLE}的通知"
HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "责任领导", "完成时限"]
ROWS = [
    ["1", "建立企业开办一件事集成服务机制", "市市场监管局", "市数据局、市人力社保局", "李红", "2026年3月底前"],
    ["2", "推行不动产登记与税费缴纳一窗办理", "市自然资源规划局", "市税务局、市住房城乡建设局", "王强", "2026年6月底前"],
    ["3", "设立普惠金融服务中心", "市委金融办", "人行宁波市分行、宁波金融监管局", "李红", "2026年9月底前"],
    ["4", "完善涉企资金直达快享机制", "市财政局", "市经信局", "王强", "2026年6月底前"],
    ["5", "开展融资担保降费行动", "市财政局", "市委金融办", "王强", "2026年12月底前"],
    ["6", "推进公共数据开放利用", "市数据局", "市财政局", "李红", "2026年12月15日前"],
    ["7", "优化工程建设项目审批流程", "市住房城乡建设局", "市自然资源局、市发展改革委", "王强", "2027年3月底前"],
    ["8", "建立营商环境投诉快速处置机制", "市发展改革委", "各区(县、市)政府", "李红", "长期坚持"],
    ["9", "编制营商环境评价报告", "市发展改革委", "市统计局", "王强", "2026年7月20日前"],
]


def plan_docx() -> bytes:
    """Return the plan as a .docx: the issuer, the notice's title, a paragraph, then the table."""
    document = docx.Document()
    for line in (ISSUER, NOTICE, "各区(县、市)人民政府,市直各单位:",
                 f"《{TITLE}》已经市政府同意,现印发给你们,请认真贯彻落实。", TITLE):
        document.add_paragraph(line)
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for r, row in enumerate([HEADER, *ROWS]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plan_xlsx() -> bytes:
    """Return the same plan as an .xlsx: a title row above the table, as offices keep their lists."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务分工"
    sheet.append([TITLE])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([int(row[0]), *row[1:]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
