#!/usr/bin/env python3
"""The Python openai SDK's streaming loop, printing each delta as it arrives (the benchmark's reference client).

    sdk_client.py BASE_URL
"""
import sys

from openai import OpenAI

client = OpenAI(base_url=sys.argv[1], api_key="bench", max_retries=0)
stream = client.chat.completions.create(
    model="bench",
    messages=[{"role": "user", "content": "hello"}],
    stream=True,
    stream_options={"include_usage": True},
)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
print()
