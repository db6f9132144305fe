// A process that opens the store at a given moment (Unix ms) and closes it again: two of these,
// started together on a directory with no store yet, race to create it and switch it to WAL.
import { silentLogger } from '../../../src-main/core/log'
import { openStore } from '../../../src-main/core/store'

const [dataDir, at] = process.argv.slice(2)
if (!dataDir || !at) throw new Error('usage: concurrent-opener.ts DATA_DIR AT_UNIX_MS')
while (Date.now() < Number(at)) {
  // wait for the agreed moment, so that both processes open the file within a millisecond or so
}
openStore({ dataDir, log: silentLogger }).close()
process.stdout.write('opened\n')
