using System.Diagnostics;

namespace Airwave.IntegrationTests.Harness;

/// <summary>A process the tests started: output captured line by line, and always ended — by SIGTERM, then by killing its tree.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private bool disposed;

    private ChildProcess(Process process, OutputLog output, string description)
    {
        this.process = process;
        Output = output;
        Description = description;
    }

    public OutputLog Output { get; }

    /// <summary>The command line, for messages.</summary>
    public string Description { get; }

    public int Id => process.Id;

    /// <summary>True once the process ended, and after disposal (a disposed <see cref="Process"/> throws instead).</summary>
    public bool HasExited => disposed || process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts <paramref name="file"/>; <c>AIRWAVE__*</c> variables of the test process are not inherited, <paramref name="environment"/> is added.</summary>
    public static ChildProcess Start(
        string file,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        OutputLog? output = null,
        string? prefix = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("AIRWAVE", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var log = output ?? new OutputLog();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var tag = prefix is null ? "" : prefix + " ";
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Append(tag + e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Append(tag + e.Data);
            }
        };
        var description = file + " " + string.Join(' ', info.ArgumentList);
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException("could not start " + description);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, log, description);
    }

    /// <summary>Runs a command to its end; kills it and throws when it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var child = Start(file, arguments, workingDirectory, environment);
        if (await child.WaitForExitAsync(timeout) is not { } exitCode)
        {
            child.Kill();
            throw new TimeoutException($"{child.Description} did not finish within {timeout.TotalSeconds:0}s; output:\n{child.Output.Text}");
        }

        return new ProcessResult(exitCode, child.Output.Text);
    }

    /// <summary>The exit code, or null when the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends SIGTERM (a graceful stop) without waiting.</summary>
    public async Task SignalTerminateAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        var result = await RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0 && !process.HasExited)
        {
            throw new InvalidOperationException($"kill -TERM {process.Id} failed: {result.Output}");
        }
    }

    /// <summary>SIGTERM, then a kill of the whole tree when it is still running after <paramref name="grace"/>; returns the exit code when it stopped by itself.</summary>
    public async Task<int?> StopAsync(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return process.ExitCode;
        }

        try
        {
            await SignalTerminateAsync();
        }
        catch (InvalidOperationException)
        {
            // The process may be gone already; the kill below settles it either way.
        }

        if (await WaitForExitAsync(grace) is { } exitCode)
        {
            return exitCode;
        }

        Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
        return null;
    }

    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Idempotent: a test's <c>finally</c> may dispose a process its body already replaced, and must not hide the body's own failure.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            Kill();
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        process.Dispose();
    }
}
