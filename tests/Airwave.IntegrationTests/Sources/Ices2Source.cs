using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>Icecast's own ices2 sending an Ogg Vorbis file, configured by an XML file the test writes, trying to connect once.</summary>
internal static class Ices2Source
{
    /// <summary>Encodes <paramref name="audioFile"/> to Ogg Vorbis with ffmpeg, then runs ices2 until it gives up or <paramref name="timeout"/> passes.</summary>
    public static async Task<ProcessResult> RunAsync(string directory, string audioFile, int port, string mount, string password, TimeSpan timeout)
    {
        var ogg = Path.Combine(directory, "ices2.ogg");
        var encoded = await ChildProcess.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-i", audioFile, "-t", "10", "-c:a", "libvorbis", "-y", ogg], TimeSpan.FromSeconds(60));
        if (encoded.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not encode {audioFile} to Ogg Vorbis: {encoded.Output}");
        }

        var playlist = Path.Combine(directory, "ices2.txt");
        await File.WriteAllTextAsync(playlist, ogg + "\n");
        var config = Path.Combine(directory, "ices2.xml");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0"?>
            <ices>
              <background>0</background>
              <logpath>{directory}</logpath>
              <logfile>ices2.log</logfile>
              <loglevel>3</loglevel>
              <consolelog>1</consolelog>
              <stream>
                <metadata><name>ices2 test</name></metadata>
                <input>
                  <module>playlist</module>
                  <param name="type">basic</param>
                  <param name="file">{playlist}</param>
                  <param name="random">0</param>
                  <param name="once">1</param>
                </input>
                <instance>
                  <hostname>127.0.0.1</hostname>
                  <port>{port}</port>
                  <password>{password}</password>
                  <mount>{mount}</mount>
                  <reconnectdelay>1</reconnectdelay>
                  <reconnectattempts>0</reconnectattempts>
                </instance>
              </stream>
            </ices>
            """));
        return await ChildProcess.RunAsync("ices2", [config], timeout, directory);
    }
}
