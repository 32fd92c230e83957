// custom-elements.json for @floorwalk/elements, from the classes' JSDoc (@tagname, @summary,
// @fires, @csspart, @cssprop, @slot) and Lit's static properties. IDEs and the docs read it.

/**
 * Lit's `static properties = { x: { state: true } }` declares internal reactive state, which the
 * analyzer would otherwise list as a public attribute.
 */
function litInternalState() {
  return {
    name: 'floorwalk-lit-internal-state',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || node.name === undefined) return;
      const states = new Set();
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || member.name.getText() !== 'properties') continue;
        if (member.initializer === undefined || !ts.isObjectLiteralExpression(member.initializer)) continue;
        for (const prop of member.initializer.properties) {
          if (!ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.initializer)) continue;
          const isState = prop.initializer.properties.some(
            (p) => ts.isPropertyAssignment(p) && p.name.getText() === 'state' && p.initializer.kind === ts.SyntaxKind.TrueKeyword,
          );
          if (isState) states.add(prop.name.getText());
        }
      }
      if (states.size === 0) return;
      const declaration = moduleDoc.declarations?.find((d) => d.name === node.name.getText());
      if (declaration === undefined) return;
      declaration.attributes = (declaration.attributes ?? []).filter((a) => !states.has(a.fieldName ?? a.name));
      for (const m of declaration.members ?? []) if (states.has(m.name)) m.privacy = 'private';
    },
  };
}

export default {
  globs: ['packages/elements/src/components/**/*.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts', '**/*.es.ts', '**/*.harness.ts'],
  outdir: 'packages/elements/dist',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [litInternalState()],
};
