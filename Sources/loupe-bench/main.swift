// `make bench`: performance tables for Loupe's hot paths (release build, this machine's cores).
import Foundation
import TensorCore

let suites: [(String, () -> Void)] = [("engine", benchEngine), ("clip", benchCLIP), ("training", benchTraining), ("tokenizer", benchTokenizer), ("indexing", benchIndexing),
                                      ("sentence-encoder", benchSentenceEncoder)]
let only = CommandLine.arguments.dropFirst().first
print("Loupe bench — \(ProcessInfo.processInfo.activeProcessorCount) cores, OpenBLAS \(BLAS.threads) threads: \(BLAS.configuration)")
for (name, run) in suites where only == nil || only == name { run() }
