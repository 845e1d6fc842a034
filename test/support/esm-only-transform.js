/**
 * @nestjs/terminus ships ES modules only and reads `import.meta`, which no CommonJS output has:
 * Node loads it through require(esm), Jest's loader cannot. Its three uses are rewritten to their
 * CommonJS equivalents before ts-jest turns the rest into CommonJS, as for jose.
 */
const tsJest = require('ts-jest');

const inner = tsJest.default.createTransformer({ tsconfig: { allowJs: true, module: 'commonjs' } });

const commonJs = (source) =>
  source
    .replace(/const require = createRequire\(import\.meta\.url\);/g, '')
    .replace(/import\.meta\.dirname/g, '__dirname')
    .replace(/import\.meta\.resolve\(/g, 'require.resolve(');

module.exports = {
  process: (source, path, options) => inner.process(commonJs(source), path, options),
  getCacheKey: (source, path, options) => inner.getCacheKey(commonJs(source), path, options),
};
