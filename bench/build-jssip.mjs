// Builds the JsSIP baselines into bench/build/.
//
// The npm package of JsSIP 3.13.8 ships only lib/ (CommonJS); its browser
// bundle, dist/jssip.min.js, is what JsSIP's own `npm run build` makes with
// esbuild. This repeats that build with the same options (npm-scripts.mjs
// of the release: IIFE, global `JsSIP`, minified, es2015, no template
// literals), so the size compared is the size a script-tag user of JsSIP
// downloads.
//
// A second bundle exposes `Parser`, which JsSIP does not export from its
// entry, for the SIP-parsing benchmark.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const out = new URL('./build/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const pkg = JSON.parse(readFileSync(require.resolve('jssip/package.json'), 'utf8'));

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  platform: 'browser',
  target: ['es2015'],
  supported: { 'template-literal': false },
  logLevel: 'warning',
};

await esbuild.build({
  ...common,
  entryPoints: [require.resolve('jssip/lib/JsSIP.js')],
  outfile: out + 'jssip.min.js',
  globalName: 'JsSIP',
  // JsSIP's own banner, so the byte count matches its release bundle.
  banner: {
    js: `
 /*
  * JsSIP ${pkg.version}
  * ${pkg.description}
  * Copyright: 2012-2026 ${pkg.contributors.join(' ')}
  * Homepage: ${pkg.homepage}
  * License: ${pkg.license}
  */`,
  },
});

const entry = out + 'jssip-parser-entry.cjs';
writeFileSync(entry, `module.exports = { Parser: require(${JSON.stringify(require.resolve('jssip/lib/Parser.js'))}) };\n`);
await esbuild.build({ ...common, entryPoints: [entry], outfile: out + 'jssip-parser.min.js', globalName: 'JsSIPParser' });

console.log(`JsSIP ${pkg.version}: bench/build/jssip.min.js ${readFileSync(out + 'jssip.min.js').length} bytes`);
