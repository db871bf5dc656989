#!/usr/bin/env python3
"""Lists the largest functions of a wasm module by code size, using its name
section. Usage: wasm-sizes.py FILE.wasm [COUNT]"""
import sys
from collections import Counter


def leb(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def main():
    data = open(sys.argv[1], "rb").read()
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    i, imports, bodies, names = 8, 0, [], {}
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if sid == 2:  # imports: count function imports to offset indices
            n, j = leb(data, i)
            for _ in range(n):
                for _ in range(2):
                    ln, j = leb(data, j)
                    j += ln
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imports += 1
                elif kind == 1:
                    j += 1
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:
            n, j = leb(data, i)
            for _ in range(n):
                ln, j = leb(data, j)
                bodies.append(ln)
                j += ln
        elif sid == 0:
            ln, j = leb(data, i)
            if data[j : j + ln] == b"name":
                j += ln
                while j < end:
                    sub = data[j]
                    sl, j = leb(data, j + 1)
                    if sub == 1:
                        n, k = leb(data, j)
                        for _ in range(n):
                            idx, k = leb(data, k)
                            nl, k = leb(data, k)
                            names[idx] = data[k : k + nl].decode("utf8", "replace")
                            k += nl
                    j += sl
        i = end
    total = sum(bodies)
    rows = sorted(((s, names.get(imports + k, f"func{imports + k}")) for k, s in enumerate(bodies)), reverse=True)
    print(f"code {total} bytes in {len(bodies)} functions")
    for s, n in rows[:count]:
        print(f"{s:8} {n[:110]}")
    crates = Counter()
    for s, n in rows:
        key = n.split("::")[0].lstrip("<_").split(" ")[0]
        crates[key] += s
    print("by prefix:")
    for k, s in crates.most_common(15):
        print(f"{s:8} {k}")


main()
