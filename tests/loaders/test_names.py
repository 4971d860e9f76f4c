"""Unit lists: splitting, 等, shared prefixes and suffixes, collectives."""

from __future__ import annotations

import pytest

from loaders.phrases.names import is_collective, split_units
from tests.helpers import only_task


def names(text: str) -> list[str]:
    return [u.name for u in split_units(text)]


def test_split_on_every_separator():
    assert names("省科技厅、省财政厅,省商务厅;省统计局，省教育厅") == ["省科技厅", "省财政厅", "省商务厅", "省统计局", "省教育厅"]


def test_drop_etc():
    assert names("财政部、商务部等") == ["财政部", "商务部"]
    assert names("市财政局等相关部门") == ["市财政局"]


def test_shared_prefix_restored():
    assert names("省商务厅、财政厅、发展改革委") == ["省商务厅", "省财政厅", "省发展改革委"]


def test_prefix_not_given_to_ministries_or_places():
    assert names("国家发展改革委、财政部") == ["国家发展改革委", "财政部"]
    assert names("省地方金融监管局、人行杭州中心支行、浙江银保监局") == [
        "省地方金融监管局", "人行杭州中心支行", "浙江银保监局"]


def test_shared_suffix_restored():
    assert names("东湖市、滨江市人民政府") == ["东湖市人民政府", "滨江市人民政府"]


def test_written_form_kept_for_spans():
    unit = split_units("省商务厅、财政厅", 10)[1]
    assert (unit.name, unit.written, unit.start) == ("省财政厅", "财政厅", 15)


@pytest.mark.parametrize("name", ["各市、县(市、区)", "各地区", "县直有关单位", "各镇人民政府", "国务院相关部门及各地区",
                                  "区政府有关部门", "各有关部门", "各市、县（市、区）人民政府"])
def test_collectives(name):
    assert is_collective(name)


@pytest.mark.parametrize("name", ["省财政厅", "国家发展改革委", "县发改局(粮食局)", "人行杭州中心支行"])
def test_agencies_are_not_collective(name):
    assert not is_collective(name)


def test_collective_with_inner_separator_stays_whole():
    assert names("省科技厅,各市、县(市、区)") == ["省科技厅", "各市、县(市、区)"]


def test_he_inside_a_name_does_not_split():
    assert names("住房和城乡建设部、人力资源和社会保障部") == ["住房和城乡建设部", "人力资源和社会保障部"]


def test_collective_is_an_assignment_flagged_collective():
    task = only_task("1.抓好落实。(责任单位:县直有关单位、各镇人民政府)")
    assert [(a.name, a.collective) for a in task.assignments] == [("县直有关单位", True), ("各镇人民政府", True)]


def test_party_prefix_goes_only_to_party_departments():
    assert names("省委宣传部、组织部、统计局") == ["省委宣传部", "省委组织部", "省统计局"]


def test_long_commission_name_takes_the_prefix():
    assert names("省发展改革委、人民政府国有资产监督管理委员会") == ["省发展改革委", "省人民政府国有资产监督管理委员会"]


def test_prefix_carries_across_fields_of_one_marker():
    task = only_task("1.推进改革。(牵头单位:省发展改革委;配合单位:财政厅、商务厅)")
    assert [(a.name, a.written) for a in task.assignments] == [
        ("省发展改革委", "省发展改革委"), ("省财政厅", "财政厅"), ("省商务厅", "商务厅")]
