#!/usr/bin/env python3
"""Deterministic generator of a long Chinese web novel for the benchmarks.

    genstory.py DIR --chapters 300 [--chars-per-chapter 6700] [--seed 8]

writes DIR/<slug>/ with story.yaml, outline.md (one `## 第N章 标题` per chapter with beats),
bible/ (200 entries with front matter name, kind, aliases), chapters/NNN-标题.md (front matter title,
status, summary; prose one paragraph per line). 300 chapters x 6,700 字 is about 2 million 字.

    genstory.py --diff-pair OLD NEW [--chars 50000]

writes a 50,000-字 chapter and a rewrite in which every third paragraph is replaced.
The same arguments always give the same bytes (random.Random(seed), no clock, no hash randomisation).
"""
import argparse
import os
import random

SURNAMES = "林沈顾陆苏叶秦萧楚温江宋程谢许韩唐方柳白"
GIVEN = "晚晴远舟川言默寒烟青岚澈竹松云霜雪星河月明辰安宁澜清照"
PLACES = ["雾港", "青石镇", "灯塔", "旧码头", "盐仓", "钟楼", "北岬", "渔村", "档案馆", "渡口", "礁石滩", "老邮局", "潮音寺", "铁桥"]
THINGS = ["铜钥匙", "旧信", "怀表", "船票", "罗盘", "账本", "铃铛", "油灯", "地图", "照片", "戒指", "木匣"]
KINDS = ["人物", "地点", "物品", "组织"]

# Phrase pieces: subjects, actions, details. Combined into sentences of varied length.
ACTIONS = [
    "推开了那扇吱呀作响的木门", "站在雾里等了很久", "把那封信重新折好收进怀里", "沿着湿滑的石阶一路往下走",
    "听见远处传来低沉的钟声", "回头看了一眼空荡荡的街道", "在昏黄的灯下翻开旧账本", "攥紧了口袋里冰凉的钥匙",
    "闻到潮水退去后留下的咸腥", "想起三年前那个起雾的夜晚", "没有回答，只是望着海面", "把灯芯拨亮了一些",
    "数着码头上来往的脚步声", "发现墙上的日历停在某一天", "压低声音问了一句话", "把手伸进冰冷的海水里",
]
DETAILS = [
    "雾气像一层薄纱贴在窗玻璃上", "潮声一阵紧过一阵", "锈迹沿着铁栏杆爬得到处都是", "风里夹着细碎的盐粒",
    "灯塔的光在雾中只剩一团模糊的晕", "石板路上积着前夜的雨水", "远处有人在喊一个听不清的名字", "屋檐下挂着一串褪色的风铃",
    "码头的木桩被海水泡得发黑", "天色暗得比往常早", "钟楼的指针似乎慢了半拍", "空气里有樟脑和旧纸的气味",
]
THOUGHTS = [
    "她知道有些事情一旦问出口就再也收不回来", "这个镇子里每个人都在守着同一个秘密", "真相往往藏在最不起眼的地方",
    "沉默本身就是一种回答", "记忆会骗人，但纸上的字不会", "他们等的也许不是船，而是一个肯开口的人",
    "雾散之前，谁也看不清对面站着的是谁", "那把钥匙能打开的恐怕不止一扇门",
]
DIALOGUE = [
    "“你不该回来的。”", "“那天晚上你在哪里？”", "“钟已经十年没响过了。”", "“信是谁寄的，你心里清楚。”",
    "“别问了，对谁都不好。”", "“明天一早的船，你走吧。”", "“我只是想知道她最后说了什么。”", "“雾港的人，嘴都很紧。”",
]
EN = ["Mist", "harbour", "letter", "Lighthouse No.7", "the 1998 archive", "OK", "SOS"]


def name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.4 else "")


def sentence(rng, people):
    who = rng.choice(people)
    r = rng.random()
    if r < 0.35:
        return f"{who}{rng.choice(ACTIONS)}，{rng.choice(DETAILS)}。"
    if r < 0.55:
        return f"{rng.choice(DETAILS)}，{who}{rng.choice(ACTIONS)}。"
    if r < 0.75:
        return f"{who}想：{rng.choice(THOUGHTS)}。"
    if r < 0.97:
        return f"{rng.choice(DIALOGUE)}{who}说。"
    return f"{who}在{rng.choice(PLACES)}看见一块写着“{rng.choice(EN)}”的牌子。"


def han_count(s):
    return sum(1 for c in s if "\u4e00" <= c <= "\u9fff")


def paragraph(rng, people, target):
    out, n = [], 0
    while n < target:
        s = sentence(rng, people)
        out.append(s)
        n += han_count(s)
    return "".join(out)


def prose(rng, people, chars):
    paras, n = [], 0
    while n < chars:
        p = paragraph(rng, people, rng.randint(80, 260))
        paras.append(p)
        n += han_count(p)
    return paras


def title(rng):
    return rng.choice(PLACES) + rng.choice(["之夜", "来信", "迷雾", "钟声", "旧事", "潮汐", "归人", "暗涌", "残灯", "无声"])


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def story(root, chapters, chars, seed):
    rng = random.Random(seed)
    slug = "big"
    d = os.path.join(root, slug)
    people = [name(rng) for _ in range(40)]
    write(os.path.join(d, "story.yaml"),
          "title: 雾港长夜\nauthor: 基准测试\nlanguage: zh\ngenre: 悬疑\n"
          "logline: 一座被雾笼罩的港口小镇，三百章的秘密与沉默。\n"
          "style: 冷峻克制的第三人称，长短句交错。\nchapter_length: %d\n" % chars)
    titles = [title(rng) for _ in range(chapters)]
    outline = ["# 雾港长夜\n"]
    for i in range(chapters):
        if i % 50 == 0:
            outline.append(f"\n# 第{i // 50 + 1}卷\n")
        beats = "\n".join(f"- {sentence(rng, people)}" for _ in range(3))
        outline.append(f"\n## 第{i + 1}章 {titles[i]}\n\n{beats}\n")
    write(os.path.join(d, "outline.md"), "".join(outline))
    used = set()
    for i in range(200):
        n = people[i] if i < len(people) else name(rng) + str(i)
        while n in used:
            n += "甲"
        used.add(n)
        kind = KINDS[i % 4] if i >= 40 else "人物"
        body = paragraph(rng, people, 200)
        write(os.path.join(d, "bible", f"{n}.md"),
              f"---\nname: {n}\nkind: {kind}\naliases: [{n[1:]}]\n---\n\n{body}\n")
    total = 0
    for i in range(chapters):
        paras = prose(rng, people, chars)
        summary = paragraph(rng, people, 100)
        text = "\n\n".join(paras)
        total += sum(han_count(p) for p in paras)
        write(os.path.join(d, "chapters", f"{i + 1:03d}-{titles[i]}.md"),
              f"---\ntitle: {titles[i]}\nstatus: draft\nsummary: {summary}\n---\n\n{text}\n")
    return total


def diff_pair(old, new, chars, seed):
    rng = random.Random(seed)
    people = [name(rng) for _ in range(12)]
    paras = prose(rng, people, chars)
    rewritten = [paragraph(rng, people, rng.randint(80, 260)) if i % 3 == 1 else p for i, p in enumerate(paras)]
    write(old, "\n\n".join(paras) + "\n")
    write(new, "\n\n".join(rewritten) + "\n")
    return sum(han_count(p) for p in paras), len(paras)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--chapters", type=int, default=300)
    ap.add_argument("--chars-per-chapter", type=int, default=6700)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--diff-pair", nargs=2, metavar=("OLD", "NEW"))
    ap.add_argument("--chars", type=int, default=50000)
    a = ap.parse_args()
    if a.diff_pair:
        n, p = diff_pair(a.diff_pair[0], a.diff_pair[1], a.chars, a.seed)
        print(f"{n} {p}")
    else:
        print(story(a.dir, a.chapters, a.chars_per_chapter, a.seed))


if __name__ == "__main__":
    main()
