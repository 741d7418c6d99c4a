export { CHANNEL_NAMES } from '../../../src/services/channelNames.ts';
