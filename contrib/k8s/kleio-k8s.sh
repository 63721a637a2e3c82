#!/bin/sh
# kleio-k8s.sh — applies the three Jobs in order, each once the one before completed:
# kleio-shard, the Indexed Job kleio-facets, kleio-merge. The PVC (pvc.yaml) must hold
# work.db (copy it in with kubectl cp through any pod mounting it). See kleio-scale(7).
#   kleio-k8s.sh [NAMESPACE]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
NS=${1:-default}
kubectl -n "$NS" apply -f "$HERE/pvc.yaml"
for job in shard facets merge; do
    kubectl -n "$NS" apply -f "$HERE/$job-job.yaml"
    kubectl -n "$NS" wait --for=condition=complete --timeout=24h "job/kleio-$job"
done
