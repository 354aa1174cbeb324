using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>
/// A node whose sessions run an ffmpeg that reads its input no faster than real time (<c>-re</c>), as a slow video
/// encode would: what it has written at a given moment is known, so a test can seek past it.
/// </summary>
public sealed class TranscodeSeekNode() : NodeFixture(new NodeOptions { Config = Config })
{
    /// <summary>The wrapper the node runs as ffmpeg.</summary>
    public static readonly string RealTimeFfmpeg = WriteWrapper();

    private static string Config => $$"""
        airwave {
          transcoding {
            ffmpeg = "{{RealTimeFfmpeg}}"
            profiles { mobile { codec = aac, bitrate = 48k, channels = 1 } }
            sessions { heartbeat-timeout = 60s, max-per-user = 4, segment-duration = 2s }
          }
          channels {
            window { loop-file = "assets/demo.mp3" }
            live { loop-file = "assets/demo.mp3" }
          }
        }
        """;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(RealTimeFfmpeg);
    }

    private static string WriteWrapper()
    {
        var path = Path.Combine(Path.GetTempPath(), $"airwave-realtime-ffmpeg-{Environment.ProcessId}.sh");
        File.WriteAllText(path, "#!/bin/sh\nexec ffmpeg -re \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
