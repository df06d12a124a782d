"""What TF 2.21's Print and PrintV2 kernels write, captured from a child process's stdout and
stderr (the C++ kernels write there directly). Fixtures for the CPU Print kernels the model
zoo's conds use. Writes packages/backend-cpu/test/fixtures/print.json.

Run: .venv-tf/bin/python tools/oracle/zoo_print_cases.py
"""
import json
import os
import subprocess
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages", "backend-cpu",
                   "test", "fixtures", "print.json")

# Each case: a Python expression over `R` (tf.raw_ops) and `np` giving the op, and how many
# times to run it. Inputs are constants so every byte printed comes from the kernel.
CASES = {
    "print_message_and_data": ("R.Print(input=np.float32(1.5), data=[np.arange(5, dtype=np.int32), "
                               "np.array([[0.5, -1.25]], np.float32)], message='values: ')", 1),
    "print_summarize": ("R.Print(input=np.int32(3), data=[np.arange(12, dtype=np.int64).reshape(3, 4), "
                        "np.array([True, False])], message='m', summarize=5)", 1),
    "print_strings": ("R.Print(input=np.int32(3), data=[np.array([b'a', b'b\\\\n'])], message='s=')", 1),
    "print_first_n": ("R.Print(input=np.int32(3), data=[np.int32(7)], message='once ', first_n=2)", 3),
    "print_v2_stderr": ("R.PrintV2(input=tf.strings.format('x={} y={}', [np.arange(4), np.float32(0.25)]))", 1),
    "print_v2_stdout_end": ("R.PrintV2(input='to stdout', output_stream='stdout', end='!')", 2),
}

CHILD = r'''
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, tensorflow as tf
R = tf.raw_ops
g = tf.Graph()
with g.as_default():
    op = eval(sys.argv[1])
with tf.compat.v1.Session(graph=g) as s:
    sys.stdout.flush(); sys.stderr.flush()
    os.write(2, b"<<<BEGIN>>>"); os.write(1, b"<<<BEGIN>>>")
    for _ in range(int(sys.argv[2])):
        s.run(op)
    sys.stdout.flush(); sys.stderr.flush()
    os.write(2, b"<<<END>>>"); os.write(1, b"<<<END>>>")
'''


def between(text):
    return text.split("<<<BEGIN>>>", 1)[1].split("<<<END>>>", 1)[0]


def main():
    cases = []
    for name, (expr, runs) in CASES.items():
        p = subprocess.run([sys.executable, "-c", CHILD, expr, str(runs)], capture_output=True, text=True,
                           check=True)
        cases.append({"name": name, "op": expr, "runs": runs, "stdout": between(p.stdout),
                      "stderr": between(p.stderr)})
        print(name, repr(cases[-1]["stderr"]), repr(cases[-1]["stdout"]))
    with open(OUT, "w") as f:
        json.dump({"cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
