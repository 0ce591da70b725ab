// CPU time per request of proxy processes, measured side by side (Linux, wrk and taskset needed).
//
//   node scripts/cpu-per-request.mjs ROUNDS SECONDS NAME=KIND:ROOT ...
//
// KIND: gw (`ingressctl serve` from the built checkout ROOT), undici or hp (the minimal proxies of
// ROOT/dist/bench/serve). Every proxy runs on CPU 0 and is loaded at the same time by its own wrk
// (50 connections, 1k routes) on CPU 1, so background load on a shared machine hits all alike; each
// round gives (user+sys from /proc/PID/stat) / requests per proxy, and the ratios to the first one.
// PROF=1 adds --cpu-prof (profiles under /tmp/cpu-per-request/prof/NAME). Build ROOT first.
import {spawn, spawnSync} from 'node:child_process'
import {promisify} from 'node:util'
import {execFile} from 'node:child_process'
const execFileP = promisify(execFile)
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
const [rounds, seconds, ...specs] = process.argv.slice(2)
const HZ = Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString().trim())
const firstRoot = specs[0].split(':')[1]
const work = (mkdirSync('/tmp/cpu-per-request', {recursive: true}), mkdtempSync('/tmp/cpu-per-request/w-'))
const m = await import(join(firstRoot, 'dist/bench/serve/manifests.js'))
const dir = join(work, 'routes'); m.writeManifests(dir, 50, 20)
const script = join(work, 's.lua'); writeFileSync(script, m.wrkScript(50, 20))
const procs = []
function startp(cpu, args, env = process.env) {
  const c = spawn('taskset', ['-c', cpu, process.execPath, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env}); procs.push(c)
  let out = ''; c.stdout.on('data', d => out += d); c.stderr.on('data', d => out += d)
  return {c, out: () => out}
}
async function wait(p, re) { for (let i = 0; i < 3000; i++) { const x = re.exec(p.out()); if (x) return x; await new Promise(r => setTimeout(r, 50)) } throw new Error(p.out()) }
const be = startp('1', [join(firstRoot, 'dist/bench/serve/backend.js'), '0'])
const bport = (await wait(be, /listening (\d+)/))[1]
const servers = []
for (const s of specs) {
  const [name, rest] = s.split('=')
  const [kind, root] = rest.split(':')
  let p, port
  const extra = process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir', join('/tmp/cpu-per-request/prof', name)] : []
  if (kind === 'gw') {
    p = startp('0', [...extra, join(root, 'bin/run.js'), 'serve', '-f', dir, '--map', `bench/backend=http://127.0.0.1:${bport}`, '--http-port', '0', '--https-port', '0', '--admin-port', '0', '--no-access-log'], {...process.env, INGRESSCTL_CONFIG_DIR: join(work, 'cfg')})
    port = (await wait(p, /http +http:\/\/127\.0\.0\.1:(\d+)/))[1]
  } else {
    p = startp('0', [...extra, join(root, `dist/bench/serve/${kind === 'undici' ? 'minimal-undici-proxy' : 'minimal-http-proxy'}.js`), bport, '0'])
    port = (await wait(p, /listening (\d+)/))[1]
  }
  servers.push({name, port, pid: p.c.pid, p, res: []})
}
const cpuOf = pid => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / HZ }
async function wrkAsync(port, secs) { const {stdout: o} = await execFileP('taskset', ['-c', '1', 'wrk', '-t1', '-c50', `-d${secs}s`, '-s', script, `http://127.0.0.1:${port}/`]); return {n: Number(/(\d+) requests in/.exec(o)[1]), rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(o)[1]), non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(o)?.[1] ?? 0)} }
await Promise.all(servers.map((s) => wrkAsync(s.port, 2))) // warm-up
for (let r = 0; r < Number(rounds); r++) {
  const c0 = servers.map(s => cpuOf(s.pid))
  const ws = await Promise.all(servers.map(s => wrkAsync(s.port, Number(seconds))))
  servers.forEach((s, i) => { const w = ws[i]; s.res.push({us: (cpuOf(s.pid) - c0[i]) / w.n * 1e6, rps: w.rps, bad: w.non2xx}) })
}
const med = xs => { const a = [...xs].sort((x, y) => x - y); return a.length % 2 ? a[a.length >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2 }
for (const s of servers) console.log(`${s.name} ratio to ${servers[0].name} per round: ${s.res.map((x,i)=>(x.us/servers[0].res[i].us).toFixed(3)).join(' ')} median ${med(s.res.map((x,i)=>x.us/servers[0].res[i].us)).toFixed(3)}`)
for (const s of servers) console.log(`${s.name.padEnd(12)} cpu/req µs: ${s.res.map(x => x.us.toFixed(1)).join(' ')}  median ${med(s.res.map(x => x.us)).toFixed(1)}   rps median ${med(s.res.map(x => x.rps)).toFixed(0)}  non2xx ${s.res.reduce((a, x) => a + x.bad, 0)}`)
console.log('load', readFileSync('/proc/loadavg', 'utf8').trim())
for (const c of procs) c.kill('SIGTERM')
await new Promise(r => setTimeout(r, 1500))
rmSync(work, {recursive: true, force: true})
process.exit(0)
