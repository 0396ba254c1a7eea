"""A tiny calculator, the sample workspace of TARS's README and tests."""


def add(a, b):
    return a + b


def divide(a, b):
    return a / b


def mean(values):
    total = 0
    for value in values:
        total = total + value
    return total / len(values)
