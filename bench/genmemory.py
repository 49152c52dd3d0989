#!/usr/bin/env python3
"""The long story with planted facts of issue 15 (the same construction as the tests'
Tests/NovelistCoreTests/Core/LongStoryGenerator.swift), for `make bench`'s memory recall.

    genmemory.py DIR [--chapters 300]

writes DIR/long/ (story.yaml, outline.md, bible/characters/*.md, chapters/NNN-第N回.md) and DIR/needs.json:
for each chapter, the markers its request must carry (bible entry, progression in force, last appearance's
summary, previous summary) and the markers it must not (summaries of that chapter or later, later progressions).
Seeded (SplitMix64): the same bytes on every run.
"""
import argparse
import json
import os

M64 = (1 << 64) - 1
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫"
GIVEN = list(dict.fromkeys("璇琮玦珩瑾琰璋瑜琛璨珏瑶琪琳瑛珂琚璞瑕瓒玙琬瑗璆琨璐珮瑄琇璟瑁瑭璠瑀璘珣琦琤瑨璩玑玠珧珲瑷璜琅琊瑊瑢瑧璁璀璈瓘璿瑆瑔瑝珀琥玳瑙珊瑚琏琐珞珥珈瑞璧玮玟珉珐琉璃珑琭琡瑒瑱璎璒璮瓀瓅瓈"))
PLACES = ["渡口", "山门", "书院", "旧宅", "集市", "江边", "城楼", "药铺", "客栈", "竹林"]
DEEDS = ["相遇", "争执", "告别", "密谈", "结盟", "对峙", "重逢", "同行"]


class SplitMix:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)


def make(chapters, count=60, seed=15):
    rng = SplitMix(seed)
    chars = []
    for i in range(count):
        g = GIVEN[i]
        chars.append({"name": SURNAMES[i % len(SURNAMES)] + g, "alias": "阿" + g if i % 3 == 0 else None,
                      "progression": 20 + rng.next() % (chapters - 40) if i % 4 == 1 else None, "marker": f"〔档案{i}〕"})
    regulars = list(range(10))
    next_visit = [1 + rng.next() % 60 for _ in range(10, count)]
    cast, by_alias = [[]], [set()]
    for n in range(1, chapters + 1):
        c = [regulars[rng.next() % 10]]
        for k, due in enumerate(next_visit):
            if due <= n and len(c) < 3:
                c.append(10 + k)
                next_visit[k] = n + 40 + rng.next() % 90
        if len(c) < 3 and rng.next() % 3 == 0:
            other = regulars[rng.next() % 10]
            if other not in c:
                c.append(other)
        cast.append(c)
        by_alias.append({i for i in c if chars[i]["alias"] is not None and rng.next() % 2 == 0})
    return chars, cast, by_alias


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--chapters", type=int, default=300)
    a = ap.parse_args()
    chars, cast, by_alias = make(a.chapters)
    mention = lambda i, n: chars[i]["alias"] if i in by_alias[n] else chars[i]["name"]
    summary = lambda n: f"〔摘要{n}〕" + "、".join(mention(i, n) for i in cast[n]) + f"在{PLACES[n % len(PLACES)]}{DEEDS[n % len(DEEDS)]}，此事日后还有回响。"
    files = {"story.yaml": "title: 长篇测试\nlanguage: zh\nchapter_length: 2000\n"}
    for i, c in enumerate(chars):
        text = f"---\nname: {c['name']}\nkind: character\n" + (f"aliases: [{c['alias']}]\n" if c["alias"] else "") + "---\n\n"
        text += f"{c['marker']}{c['name']}出身{PLACES[i % len(PLACES)]}，性情沉静，擅长暗器，与人为善。\n"
        if c["progression"]:
            p = c["progression"]
            text += f"\n## 第{p}章起\n〔变化{i}-{p}〕自此以后{c['name']}双目失明，改用听声辨位。\n"
        files[f"bible/characters/{c['name']}.md"] = text
    outline = "# 长篇测试\n"
    for n in range(1, a.chapters + 1):
        names = "、".join(mention(i, n) for i in cast[n])
        outline += f"\n## 第{n}章 第{n}回\n- {names}在{PLACES[(n + 3) % len(PLACES)]}{DEEDS[(n + 1) % len(DEEDS)]}。\n- 局势推进，风波又起。\n"
        prose = ("与".join(mention(i, n) for i in cast[n]) + f"走过{PLACES[n % len(PLACES)]}，天色渐暗，风声渐紧。\n\n") * 12
        files[f"chapters/{n:03d}-第{n}回.md"] = f"---\ntitle: 第{n}回\nsummary: {summary(n)}\n---\n\n{prose}"
    files["outline.md"] = outline
    root = os.path.join(a.dir, "long")
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    needs = {}
    for n in range(1, a.chapters + 1):
        pieces = []
        for i in cast[n]:
            c = chars[i]
            pieces.append(c["marker"])
            if c["progression"] and c["progression"] <= n:
                pieces.append(f"〔变化{i}-{c['progression']}〕")
            last = next((m for m in range(n - 1, 0, -1) if i in cast[m]), None)
            if last:
                pieces.append(f"〔摘要{last}〕")
        if n > 1:
            pieces.append(f"〔摘要{n - 1}〕")
        spoilers = [f"〔摘要{m}〕" for m in range(n, a.chapters + 1)]
        spoilers += [f"〔变化{i}-{c['progression']}〕" for i, c in enumerate(chars) if c["progression"] and c["progression"] > n]
        needs[n] = {"pieces": pieces, "spoilers": spoilers}
    with open(os.path.join(a.dir, "needs.json"), "w") as f:
        json.dump(needs, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
