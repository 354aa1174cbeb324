using System.Diagnostics;

namespace Airwave.Channels.Transcoding;

/// <summary>One ffmpeg process with its pipes: input on stdin, output on stdout, and the last lines it wrote to stderr kept for errors.</summary>
public sealed class FfmpegProcess : IAsyncDisposable
{
    /// <summary>Lines of stderr kept: enough for ffmpeg's reason and its context, never a growing log.</summary>
    public const int TailLines = 8;

    private readonly Process process;
    private readonly Queue<string> tail = new();
    private readonly Task stderr;

    private FfmpegProcess(Process process)
    {
        this.process = process;
        stderr = Task.Run(ReadStderrAsync);
    }

    /// <summary>The process id, for status pages and operators.</summary>
    public int Id => process.Id;

    /// <summary>True once ffmpeg exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>ffmpeg's exit code, once it exited.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>ffmpeg's stdin.</summary>
    public Stream Input => process.StandardInput.BaseStream;

    /// <summary>ffmpeg's stdout.</summary>
    public Stream Output => process.StandardOutput.BaseStream;

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/>.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The executable was not found or could not run.</exception>
    public static FfmpegProcess Start(string executable, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new FfmpegProcess(Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start"));
    }

    /// <summary>The exit code and the last lines ffmpeg wrote, once it exited (or "still running").</summary>
    public string Describe()
    {
        string lines;
        lock (tail)
        {
            lines = string.Join(" | ", tail);
        }

        // .NET reports a process killed by signal N as exit code 128 + N, as shells do.
        var exit = !process.HasExited ? "ffmpeg was stopped"
            : process.ExitCode > 128 && !OperatingSystem.IsWindows() ? $"ffmpeg exited with code {process.ExitCode} (killed by signal {process.ExitCode - 128})"
            : $"ffmpeg exited with code {process.ExitCode}";
        return lines.Length == 0 ? exit : $"{exit}: {lines}";
    }

    /// <summary>Waits up to <paramref name="timeout"/> for ffmpeg to exit on its own (its input closed), then kills it.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // stderr ends with the process; its last lines are in the tail before anyone describes the end.
        await stderr.ConfigureAwait(false);
    }

    /// <summary>Kills ffmpeg at once.</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited already.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await stderr.ConfigureAwait(false);
        process.Dispose();
    }

    private async Task ReadStderrAsync()
    {
        try
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                lock (tail)
                {
                    tail.Enqueue(line.Length > 300 ? line[..300] : line);
                    while (tail.Count > TailLines)
                    {
                        tail.Dequeue();
                    }
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke with the process; the lines read so far are kept.
        }
    }
}
