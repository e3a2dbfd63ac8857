// Gives a child_process.fork child the `process.parentPort` of an Electron utility process, so the
// built engine-utility.js entry can be run (and tested) under plain Node.
import { EventEmitter } from 'node:events'

const port = new EventEmitter()
port.postMessage = (m) => process.send?.(m)
process.on('message', (m) => port.emit('message', { data: m }))
process.parentPort = port
