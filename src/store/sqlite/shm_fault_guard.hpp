#pragma once
// Surviving a fault in SQLite's shared-memory file (the database's "-shm").

namespace tribune::store::sqlite {

/// Installs, once per process, a SIGBUS handler for faults inside a mapping of a file whose name
/// ends in "-shm". SQLite maps the WAL index from that file; when the file is cut short, or its
/// file system stops taking writes, touching the mapping raises SIGBUS, which would end the
/// process. The handler puts a private copy of the page in its place (zeros where it cannot be
/// read), notes the fault and lets the access complete; the stores then refuse calls
/// (shm_fault_seen()) until the process restarts, as its view of the index is no longer shared.
/// Any other SIGBUS goes to the handler installed before, or ends the process as it always did,
/// also one at the address of a replaced page once another file is mapped there. The handler
/// reads /proc/self/maps through a descriptor opened here, so it works at the descriptor limit.
void install_shm_fault_guard();

/// Whether a fault in a "-shm" mapping has happened in this process.
bool shm_fault_seen();

}  // namespace tribune::store::sqlite
