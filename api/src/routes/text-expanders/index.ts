import { createTextExpander } from '../../services/text-expanders/create-text-expander';
import { deleteTextExpander } from '../../services/text-expanders/delete-text-expander';
import { listTextExpanders } from '../../services/text-expanders/list-text-expanders';
import { updateTextExpander } from '../../services/text-expanders/update-text-expander';
import { endpointsTagged, resourceRoutes, signedIn } from '../endpoint';
import { maintainedList } from '../maintained-list';
import * as schemas from './text-expanders.schemas';

const tags = ['text expanders'];
const adminEndpoint = endpointsTagged(['admin', ...tags]);

// The editor's shorthand: everyone signed in reads the list; administrators maintain it.
export const textExpanderRoutes = resourceRoutes(tags, (app, ctx, endpoint) => {
  app.get(
    '/text-expanders',
    endpoint(signedIn, {
      description: 'Organisation-wide text expanders for the editor, sorted by abbreviation.',
      response: { 200: schemas.textExpanderListSchema },
    }),
    async () => listTextExpanders(ctx),
  );

  maintainedList(app, adminEndpoint, {
    path: '/admin/text-expanders',
    key: 'abbreviation',
    params: schemas.abbreviationParams,
    item: schemas.textExpanderSchema,
    add: {
      description: 'Add an expander. 409 DUPLICATE when the abbreviation exists.',
      body: schemas.createTextExpanderBody,
      run: (actor, body) => createTextExpander(ctx, actor, body),
    },
    change: {
      description: 'Change what an expander expands to.',
      body: schemas.updateTextExpanderBody,
      run: (actor, abbreviation, body) => updateTextExpander(ctx, actor, abbreviation, body),
    },
    remove: {
      description: 'Remove an expander.',
      run: (actor, abbreviation) => deleteTextExpander(ctx, actor, abbreviation),
    },
  });
});
