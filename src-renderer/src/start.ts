// Imported first by main.ts, so that it runs before the rest of the bundle is evaluated: the client
// and the early Connected apps request (api/early.ts).
import { boot } from './api/early'

boot()
