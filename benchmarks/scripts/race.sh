#!/usr/bin/env bash
# Trains the same MNIST workload in PyTorch and in jgrad, one after the other on this
# machine, and prints each one's seconds per epoch and their ratio.
#
#   benchmarks/scripts/race.sh [mlp|cnn] [epochs] [threads]
#
# Needs the runnable jar (mvn -B -DskipTests package) and a Python with torch, found as
# $PYTHON (default: python3). Reads the MNIST files from $MNIST_DIR (default: the copy
# shipped in the repository).
set -euo pipefail
cd "$(dirname "$0")/../.."
model=${1:-mlp}
epochs=${2:-1}
threads=${3:-2}
python=${PYTHON:-python3}
data=${MNIST_DIR:-mnist-example/src/main/resources/io/jgrad/examples/mnist/data}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "PyTorch $("$python" -c 'import torch; print(torch.__version__)') vs jgrad: $model, $epochs epoch(s), $threads threads"
"$python" benchmarks/scripts/pytorch_mnist.py --data "$data" --model "$model" --epochs "$epochs" \
    --threads "$threads" | tee "$out/pytorch.txt"
"$java" --add-modules jdk.incubator.vector -jar mnist-example/target/mnist-example.jar train --model "$model" \
    --epochs "$epochs" --threads "$threads" --data "$data" --out "$out/run" 2>/dev/null | grep -E '^epoch [0-9]+:' \
    | tee "$out/jgrad.txt"

pytorch=$(awk '{ s += $6 } END { print s / NR }' "$out/pytorch.txt")
jgrad=$(sed -E 's/.* ([0-9.]+) s$/\1/' "$out/jgrad.txt" | awk '{ s += $1 } END { print s / NR }')
awk -v p="$pytorch" -v j="$jgrad" 'BEGIN { printf "seconds per epoch: pytorch %.3f, jgrad %.3f, jgrad/pytorch %.2f\n", p, j, j / p }'
