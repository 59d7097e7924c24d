import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {weightsText} from '../../src/lessons/weights-text.js';

const md = 'Run it.\n<!-- random -->\nThe weights are random.\n<!-- /random -->\n<!-- trained -->\nThese are trained.\n<!-- /trained -->\nEnd.';

test('a lesson keeps the text for the weights it is shown with, random or trained', () => {
	assert.is(weightsText(md, false), 'Run it.\nThe weights are random.\nEnd.');
	assert.is(weightsText(md, true), 'Run it.\nThese are trained.\nEnd.');
});

test.run();
