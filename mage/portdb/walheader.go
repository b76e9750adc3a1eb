package portdb

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"portwave/mage/input"
)

// The write-ahead log's header (https://sqlite.org/fileformat.html#walformat):
// magic, format version, page size, checkpoint sequence, two salts and a
// checksum of the first 24 bytes.
const (
	walHeaderSize = 32
	walMagicLE    = 0x377f0682 // checksums over little-endian words
	walMagicBE    = 0x377f0683 // checksums over big-endian words
	walVersion    = 3007000
)

// walLog says what the -wal beside a database holds: nothing SQLite would
// read (missing, empty, or a header SQLite rejects, so it starts a new log
// over it), or a log. A log written for another page size cannot belong to
// the database and is an error.
func walLog(dbPath string) (hasLog bool, err error) {
	wal := dbPath + "-wal"
	st, err := os.Lstat(wal)
	if err != nil || st.Size() == 0 {
		return false, nil
	}
	if !st.Mode().IsRegular() {
		return false, fmt.Errorf("%s is not a regular file (%s); move it away", wal, st.Mode().Type())
	}
	head, err := readHead(wal, walHeaderSize)
	if err != nil {
		return false, err
	}
	if len(head) < walHeaderSize || !validWALHeader(head) {
		return false, nil // SQLite ignores a log whose header is not whole and valid
	}
	dbHead, err := readHead(dbPath, 100)
	if err != nil {
		return false, err
	}
	if len(dbHead) < 18 {
		return false, fmt.Errorf("%s is too short to be a SQLite database", dbPath)
	}
	pageSize := uint32(binary.BigEndian.Uint16(dbHead[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if walPage := binary.BigEndian.Uint32(head[8:12]); walPage != pageSize {
		return false, fmt.Errorf("%s does not belong to %s: it logs pages of %d bytes, the database's are %d; nothing was changed. "+
			"If no portwave or sqlite3 is running on it, move %s aside and run the command again", wal, dbPath, walPage, pageSize, wal)
	}
	return true, nil
}

func validWALHeader(h []byte) bool {
	magic := binary.BigEndian.Uint32(h[0:4])
	if (magic != walMagicLE && magic != walMagicBE) || binary.BigEndian.Uint32(h[4:8]) != walVersion {
		return false
	}
	var order binary.ByteOrder = binary.LittleEndian
	if magic == walMagicBE {
		order = binary.BigEndian
	}
	var s0, s1 uint32
	for i := 0; i < 24; i += 8 {
		s0 += order.Uint32(h[i:]) + s1
		s1 += order.Uint32(h[i+4:]) + s0
	}
	return s0 == binary.BigEndian.Uint32(h[24:28]) && s1 == binary.BigEndian.Uint32(h[28:32])
}

func readHead(path string, n int) ([]byte, error) {
	f, err := input.Open(path, 1<<40)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	got, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return buf[:got], nil
}
