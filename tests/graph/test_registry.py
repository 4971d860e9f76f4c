"""The agency registry: the vocabulary file, resolution in the issuing jurisdiction, English."""

from __future__ import annotations

import pytest

from graph.registry.agencies import default_registry
from graph.registry.jurisdiction import Jurisdiction, Place, document_jurisdiction
from loaders import parse_text

ZJ = Jurisdiction("provincial", Place("浙江省", "provincial", "330000"), scope="d1")
HENAN = Jurisdiction("provincial", Place("河南省", "provincial", "410000"), scope="d2")
JIANGNAN = Jurisdiction("city", Place("浙江省", "provincial", "330000"), city=Place("江南市", "city"), scope="d3")
CENTRAL = Jurisdiction("central", scope="d4")


def canonical(name, where=ZJ):
    return default_registry().resolve(name, where).name


def test_vocabulary_file_is_consistent():
    registry = default_registry()
    keys = [d.key for d in registry.departments]
    assert len(keys) == len(set(keys))
    for dept in registry.departments:
        assert dept.en and dept.en_words and dept.kind
        assert any(dept.names.values()), dept.key


@pytest.mark.parametrize("written", ["省财政厅", "财政厅", "浙江省财政厅"])
def test_one_provincial_agency_many_spellings(written):
    assert canonical(written) == "浙江省财政厅"


@pytest.mark.parametrize("written", ["省发改委", "省发展改革委", "省发展和改革委员会"])
def test_short_forms_of_a_commission(written):
    assert canonical(written) == "浙江省发展和改革委员会"


def test_city_prefix_resolves_in_the_issuing_city():
    assert canonical("市财政局", JIANGNAN) == "江南市财政局"


def test_provinces_never_merge():
    assert canonical("省财政厅", HENAN) == "河南省财政厅" != canonical("省财政厅", ZJ)


def test_province_level_is_never_city_level():
    zj_city = default_registry().resolve("市财政局", JIANGNAN)
    zj_prov = default_registry().resolve("省财政厅", JIANGNAN)
    assert (zj_prov.level, zj_city.level) == ("provincial", "city") and zj_prov.id != zj_city.id


def test_bank_branch_alias():
    agency = default_registry().resolve("人行杭州中心支行", ZJ)
    assert (agency.name, agency.kind) == ("中国人民银行杭州中心支行", "bank branch")
    assert default_registry().resolve("中国人民银行杭州中心支行", ZJ).id == agency.id


@pytest.mark.parametrize("written, expected", [
    ("财政部", "财政部"), ("国家发展改革委", "国家发展和改革委员会"), ("国家发改委", "国家发展和改革委员会"),
    ("工业和信息化部", "工业和信息化部"), ("发展改革委", "国家发展和改革委员会"), ("人民银行", "中国人民银行"),
])
def test_central_units(written, expected):
    agency = default_registry().resolve(written, CENTRAL)
    assert (agency.name, agency.level) == (expected, "central")


def test_finance_is_not_financial_regulation():
    registry = default_registry()
    assert "finance" in registry.english_matches("finance department")
    assert "local_financial_regulation" not in registry.english_matches("finance department")
    assert registry.resolve("省地方金融监管局", ZJ).department == "local_financial_regulation"
    assert registry.resolve("省地方金融监管局", ZJ).kind == "regulator"


def test_science_and_technology_in_english():
    registry = default_registry()
    assert registry.english_matches("Department of Science and Technology") == {"science_technology"}
    assert registry.resolve("省科技厅", ZJ).english == "Zhejiang Provincial Department of Science and Technology"


def test_unknown_names_stay_agencies_flagged_unresolved():
    agency = default_registry().resolve("省科技领导小组办公室", ZJ)
    assert (agency.name, agency.resolved, agency.collective) == ("浙江省科技领导小组办公室", False, False)


def test_city_unit_without_a_known_city_stays_in_its_document():
    a = default_registry().resolve("市财政局", ZJ)
    b = default_registry().resolve("市财政局", HENAN)
    assert a.id != b.id and not a.resolved and a.department == "finance"


def test_collectives_are_groups():
    group = default_registry().resolve("各市、县(市、区)", ZJ)
    assert group.collective and group.label == "AgencyGroup" and group.id.startswith("group:浙江省:")


def test_document_jurisdiction_from_issuer_and_title():
    doc = parse_text("江南市人民政府办公室关于印发整改方案的通知\n1.做好整改。(责任单位:市财政局)", "a.txt").document
    where = document_jurisdiction(doc)
    assert (where.level, where.city.name) == ("city", "江南市")
    central = parse_text("国务院办公厅关于印发分工方案的通知\n(一)做好整改。(财政部负责)", "b.txt").document
    assert document_jurisdiction(central).level == "central"


@pytest.mark.parametrize("written, department", [
    ("财政部门", "finance"), ("各级财政部门", "finance"), ("财政系统", "finance"), ("财政", "finance"),
    ("finance", "finance"), ("finance departments", "finance"), ("发改部门", "development_reform"),
    ("卫健部门", "health"), ("市场监管部门", "market_regulation"), ("所有科技部门", "science_technology"),
    ("财政部", None), ("政府部门", None), ("spaceships", None),
])
def test_a_kind_of_unit_names_a_line_of_work(written, department):
    assert default_registry().department_of_kind(written) == department


def test_every_line_of_work_belongs_to_one_department():
    words = [w for d in default_registry().departments for w in d.work]
    assert len(words) == len(set(words)) and len(words) >= 75
