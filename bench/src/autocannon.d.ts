// autocannon ships no types; the benches use a small part of its API.
declare module 'autocannon';
