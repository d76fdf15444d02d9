using Microsoft.JSInterop;

namespace BreachConsole.Components.Shared;

/// <summary>Hands a server-side stream to the browser as a file download, over the Blazor circuit.</summary>
internal sealed class FileDownloader(IJSRuntime js)
{
    public async Task DownloadAsync(Stream content, string fileName, string contentType)
    {
        using var reference = new DotNetStreamReference(content, leaveOpen: false);
        await js.InvokeVoidAsync("breachConsole.download", fileName, contentType, reference);
    }
}
