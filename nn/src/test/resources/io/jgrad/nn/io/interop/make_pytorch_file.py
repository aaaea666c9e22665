"""Writes pytorch-made.safetensors with PyTorch's own safetensors writer.

Run once with a Python that has torch and safetensors (pip install torch safetensors);
the file is checked in, so the tests need neither. The values are simple closed forms
that the Java test states again independently.
"""
import torch
from safetensors.torch import save_file

tensors = {
    "0.weight": torch.arange(12, dtype=torch.float32).reshape(3, 4) / 4 - 1,
    "0.bias": torch.tensor([0.5, -0.25, 1e-3], dtype=torch.float32),
    "half": torch.tensor([1.0, -2.5, 65504.0, 2.0 ** -24], dtype=torch.float16),
    "brain": torch.tensor([[3.0, -0.15625]], dtype=torch.bfloat16),
    "double": torch.tensor([0.1, -1e-300], dtype=torch.float64),
    "scalar": torch.tensor(7.0),
}
save_file(tensors, "pytorch-made.safetensors", metadata={"format": "pt", "origin": "torch " + torch.__version__})
