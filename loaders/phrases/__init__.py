"""What the words of a task say: the responsible units in a list (names), their roles in clauses,
labels and markers, notes that state rules (下同, 列第一位者为牵头单位), leaders, deadlines, and the
places and platforms mentioned. Pure text → values; may import only the loaders base."""
