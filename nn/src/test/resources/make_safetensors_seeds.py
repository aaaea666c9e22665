# Builds the seed corpus of SafeTensorsFuzzTest from the safetensors format description,
# with Python's stdlib only (no jgrad code). Usage: python3 make_safetensors_seeds.py OUTPUT_DIR
import json, struct, os, sys

def header_bytes(obj, pad=True, pretty=False):
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False) if not pretty else json.dumps(obj, indent=2)
    b = text.encode("utf-8")
    if pad:
        b += b" " * ((8 - len(b) % 8) % 8)
    return b

def f(hb, data):
    return struct.pack("<Q", len(hb)) + hb + data

def t(dtype, shape, b, e):
    return {"dtype": dtype, "shape": shape, "data_offsets": [b, e]}

f32 = lambda *v: struct.pack("<%df" % len(v), *v)
seeds = {}
# valid
seeds["valid-pytorch-like"] = (header_bytes({"__metadata__": {"format": "pt"}, "bias": t("F32", [2], 0, 8),
    "weight": t("F32", [2, 2], 8, 24)}), f32(0.5, -0.25, 1, 2, 3, 4))
seeds["valid-mixed-dtypes"] = (header_bytes({"a": t("BF16", [2], 0, 4), "b": t("F16", [2], 4, 8),
    "c": t("F32", [1], 8, 12), "d": t("F64", [1], 12, 20)}),
    struct.pack("<HH", 0x3F80, 0xC2F7) + struct.pack("<ee", 1.5, -65504) + f32(3.25) + struct.pack("<d", 0.1))
seeds["valid-empty"] = (header_bytes({}), b"")
seeds["valid-scalar-and-empty-tensor"] = (header_bytes({"s": t("F32", [], 0, 4), "e": t("F32", [0, 3], 4, 4)}), f32(7))
seeds["valid-pretty-escaped"] = (header_bytes({"__metadata__": {"n\u00e4me": "line\nbreak \U0001F600"},
    "layers.0.w\u00e9ight\t\"q\"": t("F32", [1, 2], 0, 8)}, pretty=True), f32(float("nan"), -0.0))
seeds["valid-nan-subnormal"] = (header_bytes({"x": t("F32", [4], 0, 16)}),
    struct.pack("<4I", 0x7F800001, 0x00000001, 0x80000000, 0x7F800000))
# broken
seeds["broken-truncated-data"] = (header_bytes({"w": t("F32", [4], 0, 16)}), f32(1, 2, 3))
seeds["broken-overlap"] = (header_bytes({"a": t("F32", [4], 0, 16), "b": t("F32", [4], 8, 24)}), bytes(24))
seeds["broken-gap"] = (header_bytes({"a": t("F32", [2], 0, 8), "b": t("F32", [2], 12, 20)}), bytes(20))
seeds["broken-trailing-bytes"] = (header_bytes({"a": t("F32", [2], 0, 8)}), bytes(12))
seeds["broken-byte-count"] = (header_bytes({"a": t("F32", [2, 3], 0, 8)}), bytes(8))
seeds["broken-reversed-offsets"] = (header_bytes({"a": t("F32", [0], 8, 0)}), bytes(8))
seeds["broken-dtype-i64"] = (header_bytes({"a": t("I64", [1], 0, 8)}), bytes(8))
seeds["broken-negative-shape"] = (header_bytes({"a": t("F32", [2, -1], 0, 8)}), bytes(8))
seeds["broken-huge-shape"] = (header_bytes({"a": t("F32", [65536, 65536], 0, 8)}), bytes(8))
seeds["broken-metadata-not-string"] = (header_bytes({"__metadata__": {"epoch": 3}, "a": t("F32", [1], 0, 4)}), bytes(4))
seeds["broken-duplicate-name"] = (b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', bytes(8))
seeds["broken-bad-utf8"] = (b'{"\xff":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', bytes(4))
seeds["broken-json-literals"] = (b'{"a":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]},"b":null,"c":true}', bytes(4))
seeds["broken-deep-nesting"] = (b'{"a":{"shape":[[[1]]]}}', b"")
seeds["broken-escapes"] = (b'{"\\ud800\\u0041":{}, "\\x":1}', b"")

files = {name: f(h, d) for name, (h, d) in seeds.items()}
files["broken-header-length-huge"] = struct.pack("<Q", 2**64 - 1) + b"{}"
files["broken-header-length-past-end"] = struct.pack("<Q", 100) + b"{}"
files["broken-short"] = b"\x08\x00\x00"

out = sys.argv[1]
os.makedirs(out + "/readsOrRejects", exist_ok=True)
os.makedirs(out + "/readsOrRejectsHeaders", exist_ok=True)
for name, b in files.items():
    open(f"{out}/readsOrRejects/{name}", "wb").write(b)
for name, (h, d) in seeds.items():
    # The second target takes [data length byte][header][data].
    open(f"{out}/readsOrRejectsHeaders/{name}", "wb").write(bytes([len(d)]) + h + d)
