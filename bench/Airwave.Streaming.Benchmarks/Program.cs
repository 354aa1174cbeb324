using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Airwave.Streaming.Benchmarks.RewindAppendBenchmarks).Assembly).Run(args);
