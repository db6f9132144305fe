// A tiny typed event hub for main → renderer pushes.
import type { EventName, Events } from '../contract'

type Listener<E extends EventName> = (payload: Events[E]) => void

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>()

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener as Listener<EventName>)
    return () => set.delete(listener as Listener<EventName>)
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload)
      } catch {
        // One failing subscriber (e.g. a destroyed window) must not stop the others.
      }
    }
  }
}
