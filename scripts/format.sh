#!/usr/bin/env bash
# Formats golive's Swift sources in place with the toolchain's swift-format and the repo's .swift-format.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format format --in-place --recursive --parallel Sources Tests Package.swift
