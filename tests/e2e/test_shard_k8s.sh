#!/bin/sh
# test_shard_k8s.sh — contrib/k8s without a cluster: each manifest is checked field by field
# (python3-yaml: the kinds and API versions, an Indexed Job whose pods pick their shard by
# JOB_COMPLETION_INDEX, completions = parallelism = the shard count, a ReadWriteMany claim
# that every Job mounts where KLEIO_DATA points, restartPolicy), then the Jobs' very commands
# run here in order, one process per index, and publish the single-machine snapshot.
. "$KLEIO_ROOT/tests/lib.sh"

python3 -c "import yaml" 2>/dev/null || { echo "ok - # SKIP python3-yaml is not installed"; exit 0; }
K8S="$KLEIO_ROOT/contrib/k8s"
mkdir -p "$T/cmd"
# Checks, then writes each Job's command as $T/cmd/JOB.sh with its env (an env value the
# caller set wins), and the facets Job's completions into $T/cmd/completions.
cat >"$T/check.py" <<'EOF'
import shlex, sys, yaml
k8s, out = sys.argv[1], sys.argv[2]
errors = []
def need(cond, what):
    if not cond:
        errors.append(what)
docs = {}
for name in ("pvc", "shard-job", "facets-job", "merge-job"):
    with open(f"{k8s}/{name}.yaml") as f:
        d = list(yaml.safe_load_all(f))
    need(len(d) == 1 and isinstance(d[0], dict), f"{name}: one object")
    docs[name] = d[0]
pvc = docs["pvc"]
need(pvc.get("apiVersion") == "v1" and pvc.get("kind") == "PersistentVolumeClaim", "pvc: v1 PersistentVolumeClaim")
need("ReadWriteMany" in pvc.get("spec", {}).get("accessModes", []), "pvc: ReadWriteMany")
need("storage" in pvc.get("spec", {}).get("resources", {}).get("requests", {}), "pvc: a storage request")
claim = pvc.get("metadata", {}).get("name")
for name in ("shard-job", "facets-job", "merge-job"):
    j = docs[name]
    need(j.get("apiVersion") == "batch/v1" and j.get("kind") == "Job", f"{name}: batch/v1 Job")
    need(j.get("metadata", {}).get("name", "").startswith("kleio-"), f"{name}: metadata.name")
    spec = j.get("spec", {})
    pod = spec.get("template", {}).get("spec", {})
    need(pod.get("restartPolicy") in ("Never", "OnFailure"), f"{name}: restartPolicy Never or OnFailure")
    vols = {v["name"]: v for v in pod.get("volumes", [])}
    cs = pod.get("containers", [])
    need(len(cs) == 1, f"{name}: one container")
    c = cs[0] if cs else {}
    need(isinstance(c.get("image"), str) and c.get("image"), f"{name}: an image")
    env = {e["name"]: e for e in c.get("env", [])}
    data = env.get("KLEIO_DATA", {}).get("value")
    mounts = c.get("volumeMounts", [])
    need(any(m.get("mountPath") == data and
             vols.get(m.get("name"), {}).get("persistentVolumeClaim", {}).get("claimName") == claim
             for m in mounts), f"{name}: mounts claim {claim} at KLEIO_DATA ({data})")
    cmd = c.get("command", [])
    need(len(cmd) == 3 and cmd[:2] == ["/bin/sh", "-c"], f"{name}: command /bin/sh -c SCRIPT")
    for k in ("requests",):
        need(k in c.get("resources", {}), f"{name}: resource requests")
    with open(f"{out}/{name}.sh", "w") as f:
        for e in env.values():
            if "value" in e:
                n = e["name"]
                f.write(f'[ -n "${{{n}+set}}" ] || {n}={shlex.quote(e["value"])}; export {n}\n')
        f.write(cmd[2] if len(cmd) == 3 else "false\n")
        f.write("\n")
shard_env = {e["name"]: e.get("value") for e in docs["shard-job"]["spec"]["template"]["spec"]["containers"][0]["env"]}
fj = docs["facets-job"]["spec"]
need(fj.get("completionMode") == "Indexed", "facets-job: completionMode Indexed")
need(fj.get("completions") == fj.get("parallelism"), "facets-job: completions = parallelism")
need(str(fj.get("completions")) == shard_env.get("KLEIO_SHARDS"), "facets-job: completions = KLEIO_SHARDS of shard-job")
need("JOB_COMPLETION_INDEX" in fj["template"]["spec"]["containers"][0]["command"][2], "facets-job: JOB_COMPLETION_INDEX picks the shard")
with open(f"{out}/completions", "w") as f:
    f.write(f"{fj.get('completions')}\n")
for e in errors:
    print("manifest:", e)
sys.exit(1 if errors else 0)
EOF
check "the manifests are well-formed and consistent" python3 "$T/check.py" "$K8S" "$T/cmd"

# The same commands, here: kleio on PATH, the claim a directory, offline facets.
mkdir -p "$T/bin" "$T/data"
ln -s "$KLEIO" "$T/bin/kleio"
export PATH="$T/bin:$PATH" KLEIO_DATA="$T/data" KLEIO_FACETS_ARGS="" KLEIO_RUN_ARGS="--min-users 5 --min-conversations 10 --leaf-size 40 --seed 3"
"$KLEIO" synth -q -n 1200 --seed 6 -o "$T/all.jsonl"
"$KLEIO" ingest -q --work "$T/data/work.db" "$T/all.jsonl"
"$KLEIO" ingest -q --work "$T/single.db" "$T/all.jsonl"
check "step 1, the shard Job's command" sh "$T/cmd/shard-job.sh"
n=$(cat "$T/cmd/completions")
pids=""
for i in $(seq 0 $((n - 1))); do
    JOB_COMPLETION_INDEX=$i sh "$T/cmd/facets-job.sh" >"$T/facets-$i.log" 2>&1 &
    pids="$pids $!"
done
bad=0
for p in $pids; do wait "$p" || bad=$((bad + 1)); done
check "step 2, the Indexed Job's command for each of $n indexes, in parallel" test "$bad" -eq 0
check "step 3, the merge Job's command" sh "$T/cmd/merge-job.sh"
"$KLEIO" facets --work "$T/single.db" 2>/dev/null
# shellcheck disable=SC2086
"$KLEIO" run -q --work "$T/single.db" --out "$T/single_s.db" $KLEIO_RUN_ARGS
dump() {
    for t in clusters languages cluster_lang cluster_time lineage; do
        sqlite3 "$1" "SELECT * FROM $t ORDER BY 1, 2"
    done
    sqlite3 "$1" "SELECT key, value FROM meta WHERE key NOT IN ('created_at', 'work_db') ORDER BY key"
}
dump "$T/single_s.db" >"$T/single.txt"
dump "$T/data/snapshot.db" >"$T/k8s.txt" 2>/dev/null
check "the snapshot equals the single-machine snapshot" cmp "$T/single.txt" "$T/k8s.txt"

# The checks can fail: a manifest that is not Indexed is caught.
mkdir -p "$T/bad"
cp "$K8S"/*.yaml "$T/bad/"
sed -i 's/completionMode: Indexed/completionMode: NonIndexed/' "$T/bad/facets-job.yaml"
mkdir -p "$T/badcmd"
check_status 1 "a non-Indexed facets Job is refused" python3 "$T/check.py" "$T/bad" "$T/badcmd"
