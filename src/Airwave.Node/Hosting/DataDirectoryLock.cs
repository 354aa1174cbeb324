using System.Globalization;

namespace Airwave.Node.Hosting;

/// <summary>
/// The exclusive lock a node holds on its data directory for as long as it runs, so a second node started on the same
/// directory stops before it opens the database or touches the rewind dumps and the archive. It is an OS lock
/// (<c>airwave.lock</c> opened with <see cref="FileShare.None"/>: <c>flock</c> on Linux), so it dies with the process: a
/// node killed with SIGKILL leaves nothing that blocks the next start.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    /// <summary>The lock file's name in the data directory; it holds the pid of the node that has the lock.</summary>
    public const string FileName = "airwave.lock";

    private readonly FileStream file;

    private DataDirectoryLock(FileStream file) => this.file = file;

    /// <summary>Creates the directory when needed and locks it.</summary>
    /// <exception cref="NodeStartRefusedException">Another process holds the lock, or the directory cannot be created or locked.</exception>
    public static DataDirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            Directory.CreateDirectory(directory);
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            var holder = OpenFileHolders.Find(target => target == path) is { } pid ? $"pid {pid.ToString(CultureInfo.InvariantCulture)}" : "another process";
            throw new NodeStartRefusedException($"the data directory {directory} is in use by another node ({holder} holds {path}); give each node its own airwave.data-dir");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeStartRefusedException($"cannot lock the data directory {directory}: {e.Message}");
        }

        // For people: the lock is the flock, not the content, so a pid left by a crashed node means nothing.
        file.SetLength(0);
        file.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
        file.Flush();
        return new DataDirectoryLock(file);
    }

    public void Dispose() => file.Dispose();
}
