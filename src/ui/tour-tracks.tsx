import {useState, useSyncExternalStore} from 'react';
import {TourApp, type TourAppProps} from './tour-app.js';
import type {TourSession} from './tour-session.js';

/** One track of the tour: the same lessons over one network and its weights. */
export type TourTrack = {readonly name: 'main' | 'mini'; readonly label: string; readonly openSession: () => Promise<TourSession>};

/** The tracks the tour switches between (m), which one it starts on, and a way to hear that a track's session changed. */
export type TourTracks = {
	readonly initial: number;
	/** The current tracks; a new array when a track's session is replaced (the training lesson handing on its weights). */
	tracks(): readonly TourTrack[];
	subscribe(listener: () => void): () => void;
};

/** The tour over several tracks: m switches, keeping the lesson; a track whose session is replaced picks the new one up. */
export function TourWithTracks({tracks: source, initialIndex = 0, ...props}: Omit<TourAppProps, 'openSession' | 'track' | 'onTrack'> & {readonly tracks: TourTracks}) {
	const tracks = useSyncExternalStore(source.subscribe, source.tracks);
	const [at, setAt] = useState({track: source.initial, index: initialIndex, switches: 0});
	const track = tracks[at.track]!;
	return (
		<TourApp {...props} key={`${at.track}:${at.switches}`} openSession={track.openSession} initialIndex={at.index} track={track} onTrack={(index) => setAt((a) => ({track: (a.track + 1) % tracks.length, index, switches: a.switches + 1}))} />
	);
}
