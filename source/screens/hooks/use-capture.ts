import {useEffect} from 'react';
import {useNavigation} from '../console-context.js';

/** While `capturing`, global keys (screen numbers, q, ?) pause so a text field or a question gets them. */
export function useCapture(owner: string, capturing: boolean): void {
	const {setCapture} = useNavigation();
	useEffect(() => {
		setCapture(owner, capturing);
		return () => setCapture(owner, false);
	}, [owner, capturing, setCapture]);
}
