namespace Airwave.Actors.Internal;

/// <summary>Where a cell is in its life.</summary>
internal enum CellState
{
    Starting,
    Running,
    Restarting,
    Stopping,
    Terminated,
}
