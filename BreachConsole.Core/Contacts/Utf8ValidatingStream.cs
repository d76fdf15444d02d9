using System.Buffers;
using System.Text;

namespace BreachConsole.Core.Contacts;

/// <summary>
/// Passes a stream through unchanged while checking that it is well-formed UTF-8; the first bad byte throws
/// <see cref="InvalidUtf8Exception"/> naming its offset in the stream. A decoder left to its defaults would turn such
/// bytes into U+FFFD silently, so two spellings of one customer id could tokenize apart.
/// </summary>
internal sealed class Utf8ValidatingStream(Stream inner) : Stream
{
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;

    /// <summary>Offset of the first byte not yet known to be part of a complete, valid sequence.</summary>
    private long _offset;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _offset + _carryLength;
        set => throw new NotSupportedException();
    }

    /// <summary>The offset of a UTF-8 problem somewhere in <paramref name="ex"/>'s chain (a CSV reader may wrap it).</summary>
    public static long? InvalidAt(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is InvalidUtf8Exception invalid)
            {
                return invalid.Offset;
            }
        }

        return null;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Checked(buffer, inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Checked(buffer.Span, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Checked(Span<byte> buffer, int read)
    {
        if (read == 0)
        {
            if (_carryLength > 0)
            {
                throw new InvalidUtf8Exception(_offset);
            }

            return 0;
        }

        Validate(buffer[..read]);
        return read;
    }

    private void Validate(ReadOnlySpan<byte> data)
    {
        if (_carryLength > 0)
        {
            // Finish the sequence the previous read cut in two.
            Span<byte> joined = stackalloc byte[8];
            _carry.AsSpan(0, _carryLength).CopyTo(joined);
            var take = Math.Min(4, data.Length);
            data[..take].CopyTo(joined[_carryLength..]);
            var status = Rune.DecodeFromUtf8(joined[..(_carryLength + take)], out _, out var consumed);
            if (status == OperationStatus.InvalidData)
            {
                throw new InvalidUtf8Exception(_offset);
            }

            if (status == OperationStatus.NeedMoreData)
            {
                data.CopyTo(_carry.AsSpan(_carryLength));
                _carryLength += data.Length;
                return;
            }

            var fromData = consumed - _carryLength;
            _offset += consumed;
            _carryLength = 0;
            data = data[fromData..];
        }

        var i = 0;
        while (i < data.Length)
        {
            var nonAscii = data[i..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (nonAscii < 0)
            {
                i = data.Length;
                break;
            }

            i += nonAscii;
            var status = Rune.DecodeFromUtf8(data[i..], out _, out var consumed);
            if (status == OperationStatus.Done)
            {
                i += consumed;
            }
            else if (status == OperationStatus.NeedMoreData)
            {
                data[i..].CopyTo(_carry);
                _carryLength = data.Length - i;
                break;
            }
            else
            {
                throw new InvalidUtf8Exception(_offset + i);
            }
        }

        _offset += data.Length - _carryLength;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>The import's bytes are not UTF-8 at <see cref="Offset"/> (0-based). The message carries no file content.</summary>
internal sealed class InvalidUtf8Exception(long offset) : IOException($"The file is not valid UTF-8 at byte offset {offset}.")
{
    public long Offset { get; } = offset;
}
