"""The MNIST workloads of jgrad's trainer, in PyTorch, for a side-by-side timing.

Same architectures, hyper-parameters, batch size and initialisation scheme as
`mnist-example train`; the data is read from the same IDX files and preloaded as one
tensor, so only the training loop is timed. Prints one line per epoch:
`pytorch <model> epoch <n> seconds <s> test_accuracy <a>`.
"""
import argparse
import gzip
import struct
import time

import torch
from torch import nn


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    rank = magic & 0xFF
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return torch.frombuffer(bytearray(data[4 + 4 * rank:]), dtype=torch.uint8).reshape(dims)


def load(data_dir):
    def images(name):
        # The standard MNIST recipe's scaling, as jgrad's trainer applies it.
        return read_idx(f"{data_dir}/{name}").float().div(255).sub(0.1307).div(0.3081).unsqueeze(1)

    def labels(name):
        return read_idx(f"{data_dir}/{name}").long()

    return (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


def build(model):
    if model == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Linear(128, 10))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x_train, y_train, x_test, y_test = load(args.data)
    model = build(args.model)
    if args.model == "mlp":
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    batch = 64
    generator = torch.Generator().manual_seed(args.seed)
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(x_train.shape[0], generator=generator)
        start = time.perf_counter()
        for i in range(0, x_train.shape[0], batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
        seconds = time.perf_counter() - start
        model.eval()
        with torch.no_grad():
            correct = sum((model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
                          for i in range(0, x_test.shape[0], 1000))
        print(f"pytorch {args.model} epoch {epoch} seconds {seconds:.3f} "
              f"test_accuracy {correct / x_test.shape[0]:.4f}", flush=True)


if __name__ == "__main__":
    main()
