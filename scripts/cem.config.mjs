/** Custom elements manifest settings, used by scripts/build.ts. */

/**
 * cem reads every entry of a `static properties` map as an attribute, but Lit gives
 * `state: true` entries none: drop them, so tools don't offer `items="…"` on the tag.
 */
function litStateIsNoAttribute() {
  return {
    name: 'lit-state-is-no-attribute',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const declaration = moduleDoc.declarations?.find((d) => d.name === node.name.getText());
      if (!declaration) return;
      for (const member of node.members) {
        const isStaticProperties =
          ts.isPropertyDeclaration(member) &&
          member.name.getText() === 'properties' &&
          member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        if (!isStaticProperties || !member.initializer || !ts.isObjectLiteralExpression(member.initializer)) continue;
        for (const entry of member.initializer.properties) {
          if (!ts.isPropertyAssignment(entry) || !ts.isObjectLiteralExpression(entry.initializer)) continue;
          const isState = entry.initializer.properties.some(
            (o) => ts.isPropertyAssignment(o) && o.name.getText() === 'state' && o.initializer.kind === ts.SyntaxKind.TrueKeyword,
          );
          if (!isState) continue;
          const name = entry.name.getText();
          declaration.attributes = declaration.attributes?.filter((a) => a.fieldName !== name);
          const field = declaration.members?.find((m) => m.name === name);
          if (field) delete field.attribute;
        }
      }
    },
  };
}

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/locales/**'],
  outdir: 'dist',
  litelement: true,
  // The build runs while dependencies may be installing: never let the analyzer rewrite package.json.
  packagejson: false,
  plugins: [litStateIsNoAttribute()],
};
