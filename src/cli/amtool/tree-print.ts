/** ASCII trees as amtool prints routes (the `xlab/treeprint` package's layout). */

export interface TreeNode {
  value: string;
  readonly children: TreeNode[];
}

/** A new node with a value and no children. */
export function treeNode(value: string): TreeNode {
  return { value, children: [] };
}

/**
 * Renders a tree under a `.` root: `├──`/`└──` edges, `│` plus two no-break spaces and a space
 * under open branches, four spaces under closed ones; ends with a newline.
 */
export function renderTree(roots: readonly TreeNode[]): string {
  let out = '.\n';
  const walk = (nodes: readonly TreeNode[], ended: boolean[]): void => {
    nodes.forEach((node, i) => {
      const last = i === nodes.length - 1;
      const indent = ended.map((e) => (e ? '    ' : '│\u00a0\u00a0 ')).join('');
      out += `${indent}${last ? '└──' : '├──'} ${node.value}\n`;
      walk(node.children, [...ended, last]);
    });
  };
  walk(roots, []);
  return out;
}
