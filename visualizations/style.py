"""One look per node type, used by every page and its legend."""

from __future__ import annotations

# label → (colour, vis-network shape, legend text)
NODE_STYLE: dict[str, tuple[str, str, str]] = {
    "Agency": ("#1f77b4", "dot", "Agency 单位"),
    "AgencyGroup": ("#9467bd", "diamond", "Collective 集体单位"),
    "Task": ("#ff7f0e", "box", "Task 任务"),
    "Problem": ("#d62728", "triangle", "Problem 问题"),
    "Document": ("#7f7f7f", "square", "Document 文件"),
    "Region": ("#2ca02c", "ellipse", "Region 地区"),
    "Platform": ("#17becf", "hexagon", "Platform 平台"),
    "PolicyDocument": ("#bcbd22", "star", "Policy document 政策文件"),
    "Person": ("#e377c2", "dot", "Leader 责任领导"),
}
# edge type (and role) → (colour, dashes, legend text)
EDGE_STYLE: dict[str, tuple[str, bool, str]] = {
    "lead": ("#1f77b4", False, "leads 牵头"),
    "co": ("#8fb8de", True, "co-responsible 配合"),
    "SHARES": ("#1f77b4", False, "shared tasks 共同任务"),
    "ADDRESSED_BY": ("#d62728", False, "addresses 整改"),
    "CONCERNS": ("#2ca02c", True, "concerns 涉及"),
    "REFERS_TO": ("#bcbd22", True, "refers to 引用"),
    "CONTAINS": ("#7f7f7f", True, "contains 包含"),
    "LOCATED_IN": ("#2ca02c", True, "located in 位于"),
    "OF": ("#2ca02c", True, "jurisdiction 隶属"),
    "OVERSEEN_BY": ("#e377c2", True, "overseen by 分管"),
    "RELATES": ("#aaaaaa", False, "related (aggregated) 汇总关系"),
}


def edge_key(edge_type: str, role: str | None) -> str:
    """Return the style key of an edge: its role for assignments, else its type."""
    return role if edge_type == "ASSIGNED_TO" and role else edge_type

# community → colour on the coordination page (cycled when there are more communities)
COMMUNITY_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
                     "#bcbd22", "#7f7f7f")
